import * as pulumi from "@pulumi/pulumi";

import type { Stack } from "../stack/types";
import { recordRegistrations, type CapturedResource } from "./recordRegistrations";

/** How long a session waits for the next capture before its preview ends. */
const IDLE_MS = 3000;

interface Job {
  readonly build: () => void;
  readonly done: (outcome: { resources: CapturedResource[]; failed: boolean; error?: unknown }) => void;
}

/**
 * Registrations recorded on a preview through the offline engine, many captures to one preview: its program runs
 * each capture's code as it comes, and the engine checks each registration as it does in any preview (so nothing is
 * created). One preview costs a program run and a provider plugin; this spares them for each capture. A registration
 * the engine refuses (a failed Check, a URN already registered in this preview) ends the preview, as it ends any
 * deployment: the next capture starts a new one.
 */
export class CaptureSession {
  private session: Session | undefined;

  constructor(private readonly openPreview: (program: () => Promise<unknown>) => Stack) {}

  /** What the program `build` sends to the engine. A `build` that throws rejects with its error. */
  async capture(build: () => void): Promise<CapturedResource[]> {
    // A session that is ending (idle, or after a refusal) takes no more captures: they would wait forever.
    if (!this.session || this.session.closing) {
      this.session = new Session(this.openPreview, (ended) => {
        if (this.session === ended) this.session = undefined;
      });
    }
    const session = this.session;
    const outcome = await session.submit(build);
    if (outcome.failed) {
      this.session = undefined;
      await session.end();
    }
    if (outcome.error !== undefined) throw outcome.error;
    return outcome.resources;
  }

  /** Ends the preview now (it ends by itself once idle). */
  async close(): Promise<void> {
    await this.session?.end();
  }
}

class Session {
  private readonly jobs: (Job | undefined)[] = [];
  private wake: (() => void) | undefined;
  private idle: NodeJS.Timeout | undefined;
  private ended = false;
  /** end() was called: the program stops at the jobs queued so far. */
  closing = false;
  private readonly finished: Promise<unknown>;

  constructor(openPreview: (program: () => Promise<unknown>) => Stack, onEnd: (session: Session) => void) {
    // The preview's outcome does not matter: what each capture recorded does.
    this.finished = openPreview(() => this.program())
      .preview()
      .catch(() => undefined)
      .finally(() => {
        this.ended = true;
        onEnd(this);
      });
  }

  submit(build: () => void): Promise<{ resources: CapturedResource[]; failed: boolean; error?: unknown }> {
    clearTimeout(this.idle);
    return new Promise((done) => {
      if (this.ended)
        return done({ resources: [], failed: true, error: new Error("capture: the preview ended") });
      this.jobs.push({ build, done });
      this.wake?.();
    });
  }

  end(): Promise<unknown> {
    clearTimeout(this.idle);
    this.closing = true;
    this.jobs.push(undefined);
    this.wake?.();
    return this.finished;
  }

  /** The preview's program: each capture's code in turn, in the program's own context, until the session ends. */
  private async program(): Promise<void> {
    let current: { resources: CapturedResource[]; failed: boolean } | undefined;
    recordRegistrations(
      (resource) => current?.resources.push(resource),
      (_resource, error) => {
        if (error && current) current.failed = true;
      },
    );
    for (;;) {
      const job = await this.next();
      if (!job) return;
      current = { resources: [], failed: false };
      try {
        job.build();
      } catch (error) {
        job.done({ ...current, error });
        continue;
      }
      await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
      job.done(current);
      if (current.failed) return;
      this.idle = setTimeout(() => void this.end(), IDLE_MS);
    }
  }

  private async next(): Promise<Job | undefined> {
    while (this.jobs.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    return this.jobs.shift();
  }
}
