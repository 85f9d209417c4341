/** Where kkms-local serves its console: the page itself, and its assets under it. */
export const CONSOLE_PATH = "/_console";

export function isConsolePath(path: string): boolean {
  return path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`);
}
