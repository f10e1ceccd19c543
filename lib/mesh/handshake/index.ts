// One connection's handshake (view 7): the typed model and its builder from the engine's verdicts.
export { buildHandshake, type HandshakeAnswer } from './build-handshake';
export * from './model';
