// Tests never reach a cloud: no metadata probes, no ambient credentials.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.METADATA_SERVER_DETECTION = 'none';
process.env.AZURE_TOKEN_CREDENTIALS = 'EnvironmentCredential';
for (const name of [
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
]) {
  delete process.env[name];
}
