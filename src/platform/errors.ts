// Domain errors carry a stable code `<module>.<snake_case>`; only src/http/plugins/errors.ts maps them to HTTP.
export class DomainError extends Error {
  override name = 'DomainError'
  readonly code: string
  readonly details: Record<string, unknown> | undefined
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message)
    this.code = code
    this.details = details
  }
}
export class NotFoundError extends DomainError {
  override name = 'NotFoundError'
}
export class ConflictError extends DomainError {
  override name = 'ConflictError'
}
export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError'
}
export class UnauthenticatedError extends DomainError {
  override name = 'UnauthenticatedError'
}
export class ValidationError extends DomainError {
  override name = 'ValidationError'
}
export class RateLimitedError extends DomainError {
  override name = 'RateLimitedError'
  readonly retryAfterSeconds: number
  constructor(code: string, message: string, retryAfterSeconds: number, details?: Record<string, unknown>) {
    super(code, message, details)
    this.retryAfterSeconds = retryAfterSeconds
  }
}
/** A payload too large for its limit (HTTP 413). */
export class TooLargeError extends DomainError {
  override name = 'TooLargeError'
}
