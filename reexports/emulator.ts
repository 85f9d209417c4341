/**
 * `pulumi-kkms/emulator`: kkms-local, which is its own package now (`kkms-local`, holding the native SQLite
 * addon that provider users do not need). This entry point re-exports it for programs written against the old
 * path; it works where `kkms-local` is installed beside pulumi-kkms (`npm install --save-dev kkms-local`).
 */
export * from "kkms-local";
