import { CONSOLE_PATH } from "./consolePaths";

/**
 * The page's shell: no inline script or style (the policy forbids both); main.js builds the rest, so the HTML
 * holds nothing that changes.
 */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>kkms-local console</title>
    <link rel="icon" href="${CONSOLE_PATH}/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="${CONSOLE_PATH}/console.css" />
    <script type="module" src="${CONSOLE_PATH}/main.js"></script>
  </head>
  <body>
    <noscript>The kkms-local console needs JavaScript: it reads kkms-local's admin path with fetch.</noscript>
  </body>
</html>
`;

/** A key, in kkms-local's accent colour. */
export const CONSOLE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">
  <circle cx="5" cy="8" r="3.5" fill="none" stroke="#1f6feb" stroke-width="2"/>
  <path d="M8.5 8h6.5M12.5 8v3M15 8v2" stroke="#1f6feb" stroke-width="2" fill="none"/>
</svg>
`;
