import { PluginWorld, Widget, echo } from "./support/widget";
import { ops } from "./support/toyStack";

let world: PluginWorld;
beforeEach(() => (world = new PluginWorld()));
afterEach(() => world.dispose());

test("smoke plugin", async () => {
  const stack = world.stack(async () => {
    const w = new Widget("w", { label: "a", size: 2 });
    const e = await echo({ x: 1 });
    return { serial: w.serial, region: w.region, e };
  });
  const result = await stack.up();
  console.log(
    result.summary,
    world.calls().map((c) => c.method),
  );
  expect(ops(result.steps)).toEqual(["create proj-dev", "create w"]);
});
