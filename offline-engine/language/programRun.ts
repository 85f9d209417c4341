/** How a program run ended: as the language host reports it to the engine (RunResponse `error`, `bail`). */
export interface ProgramResult {
  /** undefined when the program succeeded. */
  readonly error?: string;
  /** The program failed after telling the user why (nothing more to print). */
  readonly bail?: boolean;
}

/** A program running against the offline engine. */
export interface ProgramRun {
  readonly done: Promise<ProgramResult>;
  /** After a failure, how long the program is given to end by itself before it is stopped. */
  readonly canceledGraceMs: number;
  /** Ends it (after an operation that will not wait for it). */
  kill(): Promise<void>;
}

/** What every way of running a program is told (pulumirpc.RunRequest). */
export interface RunRequest {
  readonly organization: string;
  readonly project: string;
  readonly stack: string;
  readonly preview: boolean;
  readonly parallel: number;
  readonly monitorAddress: string;
  readonly engineAddress: string;
  /** Keys namespaced (`kkms:endpoint`), values as strings. */
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  /** The environment the program inherits (the CLI's own, plus any the caller adds). */
  readonly env: NodeJS.ProcessEnv;
  /** Each line the program writes. */
  readonly onOutput: (stream: "stdout" | "stderr", line: string) => void;
}
