// JWT request authentication (istio-semantics §4): the pure check Envoy's jwt_authn applies to a verified token.
export {
  authenticateRequest,
  isCorsPreflight,
  JWT_CLOCK_SKEW_SECONDS,
  type AuthenticationRequest,
  type JwtAuthentication,
  type JwtPresented,
} from './authenticate';
