// When a certificate counts as "expiring". Istio's agent rotates a workload certificate once
// SECRET_GRACE_PERIOD_RATIO (0.5) of its lifetime remains, ± SECRET_GRACE_PERIOD_RATIO_JITTER (0.01)
// (istio-semantics §5.1; istio:security/pkg/nodeagent/cache/secretcache.go `rotateTime`). A healthy proxy
// therefore never holds a leaf with less than ~49% of its lifetime left, except for the short moment before
// Envoy receives the new one. A leaf past that point has missed its rotation (istiod unreachable, agent
// stuck, or our data is old), so we flag it, but only once it is also close to expiry, to avoid flagging
// every proxy in the minutes around a normal rotation:
//   expiring ⇔ remaining < lifetime × (0.5 − 0.01)  AND  (remaining < 25% of lifetime OR remaining < 6h)
// For the default 24h workload certificate (SECRET_TTL, §5.1) that is "less than 6h left", i.e. 6h after a
// rotation that should have happened at ~12h. For short SPIRE-style leaves (1h) it is "past the rotation
// point". Roots (10-year self-signed by default, §5.1) are flagged 30 days ahead, time enough to plan a
// root rotation.

/** Istio's SECRET_GRACE_PERIOD_RATIO: rotation happens when this fraction of the lifetime remains. */
export const SECRET_GRACE_PERIOD_RATIO = 0.5;
/** Istio's SECRET_GRACE_PERIOD_RATIO_JITTER. */
export const SECRET_GRACE_PERIOD_RATIO_JITTER = 0.01;
/** The latest rotation point: remaining / lifetime below this means the agent missed its rotation. */
export const LATEST_ROTATION_REMAINING_RATIO = SECRET_GRACE_PERIOD_RATIO - SECRET_GRACE_PERIOD_RATIO_JITTER;
/** A leaf past its rotation point with less than this fraction of its lifetime left is expiring. */
export const LEAF_EXPIRING_REMAINING_RATIO = 0.25;
/** ...or with less than this many seconds left (6h: a quarter of the default 24h TTL). */
export const LEAF_EXPIRING_REMAINING_SECONDS = 6 * 3600;
/** Istio's default workload certificate TTL (SECRET_TTL, DEFAULT_WORKLOAD_CERT_TTL), assumed when only the expiry is known. */
export const DEFAULT_WORKLOAD_CERT_TTL_SECONDS = 24 * 3600;
/** A root or intermediate CA with less than this left is expiring. */
export const ROOT_EXPIRING_REMAINING_SECONDS = 30 * 86400;
