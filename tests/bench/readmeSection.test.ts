import * as fs from "fs";
import { BEGIN_MARKER, END_MARKER, renderResultsSection, replaceSection } from "../../bench/readmeSection";
import { mergeReports, type RunReport } from "../../bench/report";
import { LATEST_RESULTS, README, readmeFor } from "../../bench/updateReadme";

/** The README's Performance results are generated from bench/results/latest.json: they must never disagree. */
const report = JSON.parse(fs.readFileSync(LATEST_RESULTS, "utf8")) as RunReport;
const readme = fs.readFileSync(README, "utf8");

test("the README's latest results are exactly what bench/results/latest.json renders", () => {
  expect(readmeFor(readme, report)).toBe(readme);
});

test("latest.json is a full run with no failed benchmark, one entry per figure id", () => {
  expect(report.mode).toBe("full");
  expect(report.failures).toEqual([]);
  const ids = report.figures.map((figure) => figure.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const result of report.benchmarks) {
    for (const figure of result.figures) expect(figure.id.startsWith(`${result.name}.`)).toBe(true);
  }
  expect(report.benchmarks.flatMap((result) => result.figures.map((figure) => figure.id))).toEqual(ids);
});

test("the README names every figure by its id", () => {
  const section = readme.slice(readme.indexOf(BEGIN_MARKER), readme.indexOf(END_MARKER));
  for (const figure of report.figures) expect(section).toContain(`\`${figure.id}\``);
});

test("replaceSection replaces what is between the markers and nothing else", () => {
  const text = `before\n${BEGIN_MARKER}\nold\n${END_MARKER}\nafter\n`;
  expect(replaceSection(text, "new")).toBe(`before\n${BEGIN_MARKER}\n\nnew\n\n${END_MARKER}\nafter\n`);
  expect(() => replaceSection("no markers", "new")).toThrow(/markers/);
});

test("a benchmark rerun with --merge replaces its own entries only, and the README says it was rerun", () => {
  const [first, second] = report.benchmarks;
  const later: RunReport = {
    ...report,
    startedAt: "2030-01-02T00:00:00.000Z",
    durationMs: 61_000,
    figures: second.figures.map((figure) => ({ ...figure, name: "rerun" })),
    benchmarks: [{ ...second, figures: second.figures.map((figure) => ({ ...figure, name: "rerun" })) }],
    failures: [],
  };
  const merged = mergeReports(report, later);
  expect(merged.benchmarks.map((b) => b.name)).toEqual([
    ...report.benchmarks.filter((b) => b.name !== second.name).map((b) => b.name),
    second.name,
  ]);
  expect(merged.figures.filter((f) => f.id.startsWith(`${first.name}.`))).toEqual(first.figures);
  for (const figure of merged.figures.filter((f) => f.id.startsWith(`${second.name}.`)))
    expect(figure.name).toBe("rerun");
  expect(merged.figures).toHaveLength(report.figures.length);
  expect(renderResultsSection(merged)).toContain(`--only ${second.name} --merge\`), on 2030-01-02 (61 s`);
});
