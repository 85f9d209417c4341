import { dynamicProvider } from "./dynamicProvider";
import { keyResource } from "./keyResource";

/** The Key resource's provider methods, loaded in the provider host from the installed package. */
export const keyProvider = dynamicProvider(keyResource);
