import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";

import { Toy, type ToyArgs, type ToyOutputs } from "../../helpers/fixtures/toyProvider";
import { openStack, stackOnHost, type OpenStackOptions, type Stack } from "../../helpers/offlineRunner";
import type { StackState } from "../../helpers/offlineRunner/stateFile";
import { startProviderHost, type ProviderHost } from "../../helpers/providerHost";
import { recordingHost, type RecordedMethod, type Recorder } from "./recordingHost";

const DEFAULT_CONFIG = { "toy:region": "cn-beijing-6" };

/**
 * One host for all the tests of a file that use the default config: it keeps no resource state (the toy's lives
 * in each test's own file), and starting one per test would dominate the suite's time. Killed by
 * `killAllProviderHosts` in the file's afterAll.
 */
let sharedHost: Promise<ProviderHost> | undefined;

async function startConfiguredHost(options: OpenStackOptions): Promise<ProviderHost> {
  const host = await startProviderHost({ cwd: options.hostCwd, project: options.project });
  await host.configure({ ...options.config }, { secretKeys: options.secretKeys });
  return host;
}

/** A temporary directory with a runner state file and the toy provider's own state file. */
export class ToyWorld {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "offline-runner-"));
  readonly stateFile = path.join(this.dir, "stack.json");
  /** Where the toy provider keeps its resources: the "cloud". */
  readonly toyFile = path.join(this.dir, "toys.json");
  /** Every line the runner printed, across operations. */
  readonly lines: string[] = [];
  /** The calls of the host of the stack opened last. */
  recorder!: Recorder;
  private readonly stacks: Stack[] = [];

  options(options: Partial<OpenStackOptions> = {}): OpenStackOptions {
    return {
      stateFile: this.stateFile,
      project: "proj",
      stack: "dev",
      config: DEFAULT_CONFIG,
      hostCwd: this.dir,
      log: (line) => this.lines.push(line),
      ...options,
    };
  }

  /**
   * A stack whose host records every call (see `recorder`), configured as openStack does. With the default config
   * the host is shared with the file's other tests, and left running when the stack closes.
   */
  async open(
    options: Partial<OpenStackOptions> = {},
    hold: { holdMs?: number; hold?: RecordedMethod[] } = {},
  ): Promise<Stack> {
    const full = this.options(options);
    const shared = !options.config && !options.secretKeys;
    const host = shared ? await (sharedHost ??= startConfiguredHost(full)) : await startConfiguredHost(full);
    const recorded = recordingHost(host, hold);
    this.recorder = recorded.recorder;
    const stack = stackOnHost(recorded.host, full);
    return shared ? stack : this.track(stack);
  }

  /** A stack from openStack itself. */
  async openPlain(options: Partial<OpenStackOptions> = {}): Promise<Stack> {
    return this.track(await openStack(this.options(options)));
  }

  toy(name: string, args: Partial<ToyArgs> = {}, opts?: pulumi.CustomResourceOptions): Toy {
    return new Toy(name, { name, stateFile: this.toyFile, ...args }, opts);
  }

  /** The toy provider's resources by id. */
  toys(): Record<string, ToyOutputs> {
    return fs.existsSync(this.toyFile) ? JSON.parse(fs.readFileSync(this.toyFile, "utf8")) : {};
  }

  toyNames(): string[] {
    return Object.values(this.toys())
      .map((toy) => toy.name)
      .sort();
  }

  /** The runner's state file as written. */
  state(): StackState {
    return JSON.parse(fs.readFileSync(this.stateFile, "utf8")) as StackState;
  }

  /** Changes the toy "cloud" behind the runner's back. */
  editToys(edit: (toys: Record<string, ToyOutputs>) => void): void {
    const toys = this.toys();
    edit(toys);
    fs.writeFileSync(this.toyFile, JSON.stringify(toys));
  }

  private track(stack: Stack): Stack {
    this.stacks.push(stack);
    return stack;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.stacks.map((stack) => stack.close()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export const TOY_TYPE = "pulumi-nodejs:dynamic/toy:Toy";

export function toyUrn(name: string): string {
  return `urn:pulumi:dev::proj::${TOY_TYPE}::${name}`;
}
