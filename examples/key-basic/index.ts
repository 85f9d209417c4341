import * as pulumi from "@pulumi/pulumi";
import * as kkms from "pulumi-kkms";

const config = new pulumi.Config();

// A key that encrypts application data. Renaming it (config `appKeyName`) changes it in place.
const app = new kkms.Key("app", {
  keyName: config.get("appKeyName") ?? "app-data",
  description: "Encrypts application data",
});

// A key for reports; config `reportsKeyState: Disabled` disables it in place.
const reports = new kkms.Key("reports", {
  description: "Signs nothing, encrypts reports",
  keyState: config.get("reportsKeyState") === "Disabled" ? "Disabled" : "Enabled",
});

// Created disabled: nothing can encrypt with it until someone enables it.
const archive = new kkms.Key("archive", { description: "Old data, kept but unusable", keyState: "Disabled" });

// A data key generated once and kept in state: the same key on every `up`. Its plaintext is a secret.
const dataKey = new kkms.DataKey("app-data-key", { keyId: app.keyId, keySpec: "AES256" });

// A secret encrypted once: the blob stays the same on every `up` until the password changes.
const dbPassword = new kkms.Ciphertext("db-password", {
  keyId: app.keyId,
  plaintext: config.getSecret("dbPassword") ?? pulumi.secret("change-me"),
});

// An invoke: a NEW data key on every run. Its whole result is a secret.
const sessionKey = kkms.generateDataKeyOutput({ keyId: app.keyId, keySpec: "AES128" });

// A lookup of the keys this stack made.
const ours = kkms.getKeysOutput({ keyIds: [app.keyId, reports.keyId, archive.keyId] });

export const appKeyId = app.keyId;
export const archiveKeyId = archive.keyId;
export const appKeyName = app.keyName;
export const keyStates = { app: app.keyState, reports: reports.keyState, archive: archive.keyState };
export const dataKeyBlob = dataKey.ciphertextBlob;
export const dataKeyPlaintext = dataKey.plaintext; // secret
export const dbPasswordBlob = dbPassword.ciphertextBlob;
export const sessionKeyBlob = sessionKey.ciphertextBlob; // secret, like the rest of the invoke's result
export const keysFound = ours.ids.apply((ids) => ids.length);
