import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./context";
import { formatMarkdown } from "./formatMarkdown";
import { renderResultsSection, replaceSection } from "./readmeSection";
import type { RunReport } from "./report";

export const README = path.join(REPO_ROOT, "README.md");
export const LATEST_RESULTS = path.join(REPO_ROOT, "bench", "results", "latest.json");

/** The README as it must read for this report: the section regenerated, then formatted as `npm run lint` wants. */
export function readmeFor(readmeText: string, report: RunReport): string {
  return formatMarkdown(replaceSection(readmeText, renderResultsSection(report)), README);
}

export function updateReadme(readmeFile: string, resultsFile: string): void {
  const report = JSON.parse(fs.readFileSync(resultsFile, "utf8")) as RunReport;
  fs.writeFileSync(readmeFile, readmeFor(fs.readFileSync(readmeFile, "utf8"), report));
}
