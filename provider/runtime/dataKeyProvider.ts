import { dataKeyResource } from "./dataKeyResource";
import { dynamicProvider } from "./dynamicProvider";

/** The DataKey resource's provider methods, loaded in the provider host from the installed package. */
export const dataKeyProvider = dynamicProvider(dataKeyResource);
