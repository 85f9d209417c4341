import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";

import { openStack, type OpenStackOptions, type Stack, type StackState } from "../../../offline-engine";
import { REPO_ROOT } from "./toyStack";

/** The test plugin (tests/engine/fixtures/toyplug): package `toyplug`, served over gRPC like a native provider. */
export const TOYPLUG_DIR = path.resolve(__dirname, "../fixtures/toyplug");
export const TOYPLUG = path.join(TOYPLUG_DIR, "pulumi-resource-toyplug");
export const WIDGET_TYPE = "toyplug:index:Widget";

export interface WidgetArgs {
  label: pulumi.Input<string>;
  size?: pulumi.Input<number>;
}

/** A resource of the `toyplug` package: outputs its inputs, the provider's region and a serial number. */
export class Widget extends pulumi.CustomResource {
  declare readonly label: pulumi.Output<string>;
  declare readonly size: pulumi.Output<number>;
  declare readonly region: pulumi.Output<string | null>;
  declare readonly serial: pulumi.Output<string>;

  constructor(name: string, args: WidgetArgs, opts?: pulumi.CustomResourceOptions) {
    super(WIDGET_TYPE, name, { size: undefined, region: undefined, serial: undefined, ...args }, opts);
  }

  /** `Resource.get`: an existing widget, read (ReadResource), not managed. */
  static get(
    name: string,
    id: pulumi.Input<string>,
    state: WidgetArgs,
    opts?: pulumi.CustomResourceOptions,
  ): Widget {
    return new Widget(name, state, { ...opts, id });
  }
}

/** An explicit `toyplug` provider (`pulumi:providers:toyplug`). */
export class ToyplugProvider extends pulumi.ProviderResource {
  constructor(
    name: string,
    args: { region: pulumi.Input<string>; stateFile: pulumi.Input<string> },
    opts?: pulumi.ResourceOptions,
  ) {
    super("toyplug", name, args, opts);
  }
}

/** `toyplug:index:echo`: the arguments back, with the provider's region. */
export function echo(
  args: Record<string, unknown>,
  opts?: pulumi.InvokeOptions,
): Promise<{ echoed: unknown; region: string }> {
  return pulumi.runtime.invoke("toyplug:index:echo", args, opts) as Promise<{
    echoed: unknown;
    region: string;
  }>;
}

export interface PluginCall {
  readonly method: string;
  readonly pid: number;
  readonly [key: string]: unknown;
}

/** A temporary directory with the plugin's call log and its widgets' file, and stacks of inline programs using it. */
export class PluginWorld {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "offline-engine-plugin-"));
  readonly stateFile = path.join(this.dir, "stack.json");
  readonly widgetFile = path.join(this.dir, "widgets.json");
  readonly logFile = path.join(this.dir, "calls.jsonl");
  readonly lines: string[] = [];

  constructor() {
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(this.dir, "node_modules"), "dir");
  }

  stack(program: () => unknown, options: Partial<OpenStackOptions> = {}): Stack {
    return openStack({
      program,
      project: "proj",
      stack: "dev",
      cwd: this.dir,
      stateFile: this.stateFile,
      config: { "toyplug:region": "north", "toyplug:stateFile": this.widgetFile },
      plugins: { toyplug: TOYPLUG },
      log: (line) => this.lines.push(line),
      ...options,
      env: { TOYPLUG_LOG: this.logFile, ...options.env },
    });
  }

  /** Every call the plugin processes saw, in order. */
  calls(method?: string): PluginCall[] {
    if (!fs.existsSync(this.logFile)) return [];
    const calls = fs
      .readFileSync(this.logFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as PluginCall);
    return method ? calls.filter((call) => call.method === method) : calls;
  }

  clearCalls(): void {
    fs.rmSync(this.logFile, { force: true });
  }

  state(): StackState {
    return JSON.parse(fs.readFileSync(this.stateFile, "utf8")) as StackState;
  }

  widgets(): Record<string, Record<string, unknown>> {
    return fs.existsSync(this.widgetFile) ? JSON.parse(fs.readFileSync(this.widgetFile, "utf8")) : {};
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
