import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "../..");

/** A path a Markdown file names: where it appears, as written, and the repository path it stands for. */
export interface MentionedPath {
  readonly file: string;
  readonly line: number;
  readonly written: string;
  readonly resolved: string;
}

/** The Markdown files git tracks (third-party suites vendored under tests/sdk/vectors are not ours). */
export function trackedMarkdownFiles(): string[] {
  return execFileSync("git", ["ls-files", "*.md"], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter((file) => file !== "" && !file.startsWith("tests/sdk/vectors/"));
}

/** The repository's own top-level folders and files, the first segment a repository path starts with. */
export function topLevelEntries(): Set<string> {
  const files = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" }).split("\n");
  return new Set(files.filter((file) => file !== "").map((file) => file.split("/")[0]));
}

const LINK_TARGET = /\]\(([^)\s]+)\)/g;

/** Paths of pulumi/pulumi's repository, cited as sources: our `sdk/` has no Go, Node or Python SDK folders. */
const FOREIGN_PREFIXES = ["sdk/go/", "sdk/nodejs/", "sdk/python/"];

/**
 * Every repository path a Markdown file mentions: any text — prose, code span or code block — that starts with a
 * top-level folder of the repository and a slash (`examples/key-basic`, `tests/engine/…`, `offline-engine/`), read
 * from the root; and every relative link target, read from the file's own folder. A trailing `…`, `/`, `:LINE`,
 * `#anchor` or sentence punctuation is not part of it.
 */
export function mentionedPaths(file: string, topLevel: ReadonlySet<string>): MentionedPath[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const folders = [...topLevel]
    .filter((entry) => fs.statSync(path.join(ROOT, entry)).isDirectory())
    .map(escapeRegExp);
  const bare = new RegExp(`(?<![\\w/.@:~-])((?:${folders.join("|")})/[^\\s\`'"()\\[\\]<>,;|*]*)`, "g");
  const mentions: MentionedPath[] = [];
  text.split("\n").forEach((lineText, index) => {
    const add = (written: string, resolved: string) =>
      mentions.push({ file, line: index + 1, written, resolved: path.normalize(resolved) });
    for (const [, written] of lineText.matchAll(bare)) {
      if (!FOREIGN_PREFIXES.some((prefix) => written.startsWith(prefix))) add(written, trimmed(written));
    }
    for (const [, target] of lineText.matchAll(LINK_TARGET)) {
      if (/^[a-z]+:/i.test(target) || target.startsWith("#")) continue;
      add(target, path.join(path.dirname(file), trimmed(target)));
    }
  });
  return mentions;
}

function trimmed(written: string): string {
  return written
    .replace(/#.*$/, "")
    .replace(/[.,:]+$/, "")
    .replace(/(\/)?(…|\.\.\.)$/, "")
    .replace(/:\d+(-\d+)?$/, "")
    .replace(/\/+$/, "");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Whether a mentioned path is real: it exists; or git ignores it — an output a build or test run writes, which
 * the sentence must say (`tests/reliability/results/latest.json`); or it names a file without its extensions, as
 * a jest path pattern does (`npx jest tests/reliability/hostileInput`).
 */
export function isReal(resolved: string): boolean {
  const full = path.join(ROOT, resolved);
  if (fs.existsSync(full)) return true;
  if (isIgnored(resolved)) return true;
  const dir = path.dirname(full);
  const base = path.basename(full);
  return fs.existsSync(dir) && fs.readdirSync(dir).some((entry) => entry.startsWith(`${base}.`));
}

function isIgnored(resolved: string): boolean {
  try {
    execFileSync("git", ["check-ignore", "-q", "--no-index", resolved], { cwd: ROOT });
    return true;
  } catch {
    return false;
  }
}
