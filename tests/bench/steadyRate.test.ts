import { steadyRate } from "../../bench/support/steadyRate";

test.each([
  // A full bucket lets 20 through at once on top of the rate: the first second is left out.
  { perSecond: [40, 20, 20, 20], expected: { rate: 20, seconds: 3 } },
  { perSecond: [38, 18, 20], expected: { rate: 19, seconds: 2 } },
  { perSecond: [40], expected: undefined },
  { perSecond: [], expected: undefined },
])("steadyRate($perSecond) = $expected", ({ perSecond, expected }) => {
  expect(steadyRate(perSecond)).toEqual(expected);
});

test("a longer burst can be left out", () => {
  expect(steadyRate([40, 30, 20, 20], 2)).toEqual({ rate: 20, seconds: 2 });
});
