import { ERRORS } from "../../sdk/protocol/errorCatalog";
import { documentedErrorStatuses } from "../reliability/support/documentedErrors";

/** The README's table of kkms-local's own codes is their one documentation: none may be missing or wrong. */
describe("the README's error codes", () => {
  const documented = documentedErrorStatuses();
  const own = Object.values(ERRORS).filter((template) => template.origin === "kkms-local");

  it.each(own.map((template) => [template.code, template.status]))("list %s with HTTP %i", (code, status) => {
    expect(documented.get(code)).toBe(status);
  });
});
