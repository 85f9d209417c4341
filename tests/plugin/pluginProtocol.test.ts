import * as fs from "fs";
import * as os from "os";
import * as net from "net";
import * as path from "path";
import { startPluginServer } from "../../provider/plugin/server";
import { listeningAddresses } from "./support/listeningSockets";
import { startPluginProcess, PluginRpcError, PLUGIN_BIN, type PluginProcess } from "./support/pluginProcess";

/** The engine's handshake with the bin, and the plugin-level RPCs. */
const REPO = path.resolve(__dirname, "../..");
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
let plugin: PluginProcess;

beforeAll(async () => {
  plugin = await startPluginProcess();
});

afterAll(async () => {
  await plugin.kill();
});

test("package.json names the bin pulumi-resource-kkms, compiled CommonJS with a node shebang", () => {
  expect(path.resolve(REPO, manifest.bin["pulumi-resource-kkms"])).toBe(PLUGIN_BIN);
  const text = fs.readFileSync(PLUGIN_BIN, "utf8");
  expect(text.startsWith("#!/usr/bin/env node\n")).toBe(true);
  expect(text).toContain("require(");
});

test("the first stdout line is the port, and only that", () => {
  expect(plugin.stdout()).toBe(`${plugin.port}\n`);
});

test("it listens on 127.0.0.1 only: the kernel's socket table shows no other address for its port", async () => {
  expect(listeningAddresses(plugin.pid, plugin.port)).toEqual(["127.0.0.1"]);
  // A real interface's address of this machine (if it has one) is refused on that port.
  const external = Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && a.family === "IPv4" && !a.internal)
    .map((a) => a?.address as string);
  for (const address of external) {
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: address, port: plugin.port });
      socket.once("connect", () => (socket.destroy(), resolve("connected")));
      socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    expect([address, refused]).toEqual([address, "ECONNREFUSED"]);
  }
});

test("the socket-table check does see a wildcard bind (its negative control)", async () => {
  const wildcard = await startPluginServer({ host: "0.0.0.0" });
  try {
    expect(listeningAddresses(process.pid, wildcard.port)).toEqual(["0.0.0.0"]);
  } finally {
    await wildcard.close();
  }
});

test.each([
  [
    "the engine's flags before its address",
    ["--logtostderr", "-v=9", "--tracing", "127.0.0.1:6007", "127.0.0.1:1"],
  ],
  ["no argument, waiting for the engine to attach", []],
])("starts and serves with %s", async (_title, args) => {
  const started = await startPluginProcess({}, args);
  try {
    expect(started.stdout()).toBe(`${started.port}\n`);
    expect(await started.client.getPluginInfo()).toBe(manifest.version);
  } finally {
    await started.kill();
  }
});

test("GetPluginInfo answers the package's version", async () => {
  expect(await plugin.client.getPluginInfo()).toBe(manifest.version);
});

test("Handshake accepts secrets and resources, as a handshaking provider must", async () => {
  expect(await plugin.client.handshake()).toMatchObject({
    acceptSecrets: true,
    acceptResources: true,
    acceptOutputs: false,
    supportsAutonamingConfiguration: false,
  });
});

test("GetSchema answers the checked-in schema, versioned as the package", async () => {
  const served = JSON.parse(await plugin.client.getSchema());
  const checkedIn = JSON.parse(fs.readFileSync(path.join(REPO, "provider/plugin/schema.json"), "utf8"));
  expect(served).toEqual(checkedIn);
  expect(served.name).toBe("kkms");
  expect(served.version).toBe(manifest.version);
});

test.each(["parameterize", "getMapping", "getMappings", "construct", "call"])(
  "%s answers UNIMPLEMENTED, the engine's documented fallback",
  async (rpc) => {
    const { pb } = plugin.client.stubs;
    const requests: Record<string, () => unknown> = {
      parameterize: () => new pb.ParameterizeRequest(),
      getMapping: () => new pb.GetMappingRequest(),
      getMappings: () => new pb.GetMappingsRequest(),
      construct: () => new pb.ConstructRequest(),
      call: () => new pb.CallRequest(),
    };
    const error = await plugin.client.call(rpc, requests[rpc]()).catch((e: PluginRpcError) => e);
    expect(error).toBeInstanceOf(PluginRpcError);
    expect((error as PluginRpcError).code).toBe(12);
  },
);

test("List, server-streaming, answers UNIMPLEMENTED as a stream error, not a hang", async () => {
  const error = await plugin.client
    .serverStream("list", new plugin.client.stubs.pb.ListRequest())
    .catch((e: PluginRpcError) => e);
  expect(error).toBeInstanceOf(PluginRpcError);
  expect((error as PluginRpcError).code).toBe(12);
});

test("Attach records the engine's address and answers", async () => {
  const { PluginAttach } = plugin.client.fromStubs<{
    PluginAttach: new () => { setAddress(a: string): void };
  }>("./plugin_pb.js");
  const attach = new PluginAttach();
  attach.setAddress("127.0.0.1:2");
  await expect(plugin.client.call("attach", attach)).resolves.toBeDefined();
});

test("after Cancel, new operations fail CANCELLED; the schema still answers", async () => {
  const other = await startPluginProcess();
  try {
    await other.client.configure({});
    await other.client.cancel();
    const error = await other.client.create("kkms:index:Key", "k", { keyName: "k" }).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.details).toContain("cancelled");
    await expect(other.client.getSchema()).resolves.toContain('"name":"kkms"');
  } finally {
    await other.kill();
  }
});

test("an unknown resource type is refused, naming it", async () => {
  const error = await plugin.client.check("kkms:index:Alias", "a", {}).catch((e) => e);
  expect(error.code).toBe(3);
  expect(error.details).toBe('kkms has no resource type "kkms:index:Alias"');
});
