export { signToken, verifyToken, peekToken, MIN_SECRET_LENGTH, type TokenClaims, type SignTokenOptions } from './token.js';
