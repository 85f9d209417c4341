import * as fs from "fs";
import * as path from "path";

/**
 * The error codes kkms-local documents, with their HTTP status, read from the README (kkms-local's tables under
 * "Error codes"), so "a documented 4xx" in these tests means literally what the README says.
 */
const README = path.resolve(__dirname, "../../../README.md");

export function documentedErrorStatuses(): ReadonlyMap<string, number> {
  const text = fs.readFileSync(README, "utf8");
  const section = text.slice(text.indexOf("### Error codes"), text.indexOf("### Key states"));
  const statuses = new Map<string, number>();
  for (const match of section.matchAll(/^\|\s*`(\w+)`\s*\|\s*(\d{3})\s*\|/gm)) {
    statuses.set(match[1], Number(match[2]));
  }
  if (statuses.size < 20) throw new Error(`found only ${statuses.size} documented error codes in ${README}`);
  return statuses;
}
