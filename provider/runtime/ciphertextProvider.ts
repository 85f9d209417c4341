import { ciphertextResource } from "./ciphertextResource";
import { dynamicProvider } from "./dynamicProvider";

/** The Ciphertext resource's provider methods, loaded in the provider host from the installed package. */
export const ciphertextProvider = dynamicProvider(ciphertextResource);
