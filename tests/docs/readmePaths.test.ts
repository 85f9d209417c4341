import { isReal, mentionedPaths, topLevelEntries, trackedMarkdownFiles } from "./markdownPaths";

/**
 * Every repository path a README (or any tracked Markdown file) names exists: a folder removed or renamed
 * (tests/helpers/offlineRunner, examples/basic) fails here, naming the file and line that still mention it.
 */
describe("paths named in the Markdown files", () => {
  const topLevel = topLevelEntries();
  const files = trackedMarkdownFiles();

  it("reads the README and every example's README", () => {
    expect(files).toEqual(expect.arrayContaining(["README.md", "examples/key-basic/README.md"]));
    const readme = mentionedPaths("README.md", topLevel).map((mention) => mention.resolved);
    // The extraction itself: code spans, prose, code blocks and links are all read.
    expect(readme).toEqual(
      expect.arrayContaining([
        "examples/key-basic",
        "offline-engine",
        "tests/engine",
        "provider/plugin/schema.json",
      ]),
    );
  });

  it.each(files)("%s names only paths that exist", (file) => {
    const missing = mentionedPaths(file, topLevel)
      .filter((mention) => !isReal(mention.resolved))
      .map((mention) => `${mention.file}:${mention.line} ${mention.written}`);
    expect(missing).toEqual([]);
  });

  it("tells a missing path from a real one", () => {
    expect(isReal("tests/helpers/offlineRunner")).toBe(false);
    expect(isReal("examples/basic")).toBe(false);
    expect(isReal("examples/key-basic")).toBe(true);
    expect(isReal("tests/reliability/hostileInput")).toBe(true);
    expect(isReal("tests/reliability/results/latest.json")).toBe(true);
  });
});
