// Envoy config_dump → the workload chain, trust anchors and warming secrets held over SDS (istio-semantics §5.3).
// Reads the full dump (`configs[]` entry of type SecretsConfigDump) and the filtered form that
// `config_dump?resource=dynamic_active_secrets` returns (one `SecretsConfigDump.DynamicSecret` per entry).
// The schemas name only the certificate fields: `private_key` is never read, so it cannot be kept.
import { z } from 'zod';
import { fail, formatZodError, ok, type ParseResult } from '@/lib/snapshot/parse/common';
import type { CertificateDetails } from '@/lib/snapshot/types';
import { decodePemCertificates, MAX_PEM_LENGTH } from './decode-pem';

export const SECRETS_CONFIG_DUMP_TYPE = 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump';
export const DYNAMIC_SECRET_TYPE = 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump.DynamicSecret';
/** SDS resource names Istio's agent serves (istio:pkg/security/security.go, §5.1). */
export const WORKLOAD_SECRET_NAME = 'default';
export const ROOT_SECRET_NAME = 'ROOTCA';
/** `version_info` of a secret Envoy asked for and never received (istioctl shows WARMING / UNINITIALIZED). */
const UNINITIALIZED = 'uninitialized';

const MAX_CONFIGS = 64;
const MAX_SECRETS = 1024;
const MAX_TRUST_DOMAINS = 64;
const MAX_BASE64_LENGTH = Math.ceil((MAX_PEM_LENGTH * 4) / 3) + 4;

/** envoy.config.core.v3.DataSource; `filename` points inside the proxy's filesystem and cannot be read from here. */
const dataSource = z.object({
  inline_bytes: z.string().max(MAX_BASE64_LENGTH).optional(),
  inline_string: z.string().max(MAX_PEM_LENGTH).optional(),
  filename: z.string().max(4096).optional(),
});

const secretSchema = z.object({
  tls_certificate: z.object({ certificate_chain: dataSource.optional() }).optional(),
  validation_context: z
    .object({
      trusted_ca: dataSource.optional(),
      custom_validator_config: z
        .object({
          typed_config: z
            .object({
              trust_domains: z
                .array(z.object({ name: z.string().min(1).max(253), trust_bundle: dataSource.optional() }))
                .max(MAX_TRUST_DOMAINS)
                .optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

const dynamicSecretSchema = z.object({
  name: z.string().min(1).max(1024),
  version_info: z.string().max(1024).optional(),
  secret: secretSchema.optional(),
});
type DynamicSecret = z.infer<typeof dynamicSecretSchema>;

const secretsDumpSchema = z.object({
  dynamic_active_secrets: z.array(dynamicSecretSchema).max(MAX_SECRETS).optional(),
  dynamic_warming_secrets: z.array(dynamicSecretSchema).max(MAX_SECRETS).optional(),
});

const configDumpSchema = z.object({
  configs: z.array(z.looseObject({ '@type': z.string().max(256).optional() })).max(MAX_CONFIGS),
});

export interface ConfigDumpReading {
  /** Leaf first, then the issuers, as in the `default` secret's PEM chain. Empty when there is none. */
  readonly chain: CertificateDetails[];
  /** Trust anchors of `ROOTCA`; with SPIRE, one entry per certificate of each trust domain's bundle. */
  readonly roots: (CertificateDetails & { trustDomain?: string })[];
  readonly warmingSecrets: string[];
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

function pemOf(source: z.infer<typeof dataSource> | undefined): string | null {
  if (source?.inline_string !== undefined) return source.inline_string;
  if (source?.inline_bytes === undefined) return null;
  if (!BASE64.test(source.inline_bytes)) throw new Error('inline_bytes is not base64');
  return Buffer.from(source.inline_bytes, 'base64').toString('utf8');
}

function decodeSource(source: z.infer<typeof dataSource> | undefined, what: string): CertificateDetails[] {
  try {
    const pem = pemOf(source);
    return pem === null ? [] : decodePemCertificates(pem);
  } catch (error) {
    throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readRoots(secret: DynamicSecret): ConfigDumpReading['roots'] {
  const context = secret.secret?.validation_context;
  const roots: ConfigDumpReading['roots'] = decodeSource(context?.trusted_ca, 'ROOTCA trusted_ca');
  // SPIRE / federation: SPIFFECertValidatorConfig carries one bundle per trust domain (corpus D2).
  for (const domain of context?.custom_validator_config?.typed_config?.trust_domains ?? []) {
    for (const cert of decodeSource(domain.trust_bundle, `ROOTCA trust bundle of ${JSON.stringify(domain.name)}`)) {
      roots.push({ ...cert, trustDomain: domain.name });
    }
  }
  return roots;
}

/** The secrets a dump holds, in either form, split into active and warming. */
function collectSecrets(configs: readonly Readonly<Record<string, unknown>>[]): ParseResult<{ active: DynamicSecret[]; warming: DynamicSecret[] }> {
  const active: DynamicSecret[] = [];
  const warming: DynamicSecret[] = [];
  let found = false;
  for (const [i, config] of configs.entries()) {
    if (config['@type'] === SECRETS_CONFIG_DUMP_TYPE) {
      const parsed = secretsDumpSchema.safeParse(config);
      if (!parsed.success) return fail(`config_dump: ${formatZodError(parsed.error, `configs[${i}]`)}`);
      found = true;
      active.push(...(parsed.data.dynamic_active_secrets ?? []));
      warming.push(...(parsed.data.dynamic_warming_secrets ?? []));
    } else if (config['@type'] === DYNAMIC_SECRET_TYPE) {
      const parsed = dynamicSecretSchema.safeParse(config);
      if (!parsed.success) return fail(`config_dump: ${formatZodError(parsed.error, `configs[${i}]`)}`);
      found = true;
      (parsed.data.version_info === UNINITIALIZED ? warming : active).push(parsed.data);
    }
  }
  if (!found) return fail('config_dump holds no SecretsConfigDump (fetch it with ?resource=dynamic_active_secrets or in full)');
  return ok({ active, warming });
}

/** Parses an Envoy config_dump (already JSON-decoded) for its SDS secrets. */
export function parseConfigDump(doc: unknown): ParseResult<ConfigDumpReading> {
  const parsed = configDumpSchema.safeParse(doc);
  if (!parsed.success) return fail(`config_dump: ${formatZodError(parsed.error)}`);
  const secrets = collectSecrets(parsed.data.configs);
  if (!secrets.ok) return secrets;
  try {
    const workload = secrets.value.active.find((s) => s.name === WORKLOAD_SECRET_NAME && s.version_info !== UNINITIALIZED);
    const root = secrets.value.active.find((s) => s.name === ROOT_SECRET_NAME && s.version_info !== UNINITIALIZED);
    return ok({
      chain: decodeSource(workload?.secret?.tls_certificate?.certificate_chain, 'default certificate_chain'),
      roots: root ? readRoots(root) : [],
      warmingSecrets: [...new Set(secrets.value.warming.map((s) => s.name))],
    });
  } catch (error) {
    return fail(`config_dump: ${error instanceof Error ? error.message : String(error)}`);
  }
}
