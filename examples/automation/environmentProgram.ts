import * as kkms from "pulumi-kkms";

/** The keys one environment gets: a data key and a secrets key, named after the environment. */
export function environmentProgram(environment: string) {
  return async () => {
    const data = new kkms.Key(`${environment}-data`, {
      keyName: `${environment}-data`,
      description: `Data of ${environment}`,
    });
    const secrets = new kkms.Key(`${environment}-secrets`, {
      keyName: `${environment}-secrets`,
      description: `Secrets of ${environment}`,
    });
    const dataKey = new kkms.DataKey(`${environment}-data-key`, { keyId: data.keyId });
    return { dataKeyId: data.keyId, secretsKeyId: secrets.keyId, dataKeyBlob: dataKey.ciphertextBlob };
  };
}
