import type { Request } from 'express';
import { ApiError } from './api-error';

/** Who is calling: the administrator or a user. */
export interface Principal {
  /** `"admin"` or `"user_<username>"` */
  userId: string;
  username: string;
  isAdmin: boolean;
}

export const ADMIN_USER_ID = 'admin';

declare global {
  namespace Express {
    interface Request {
      principal?: Principal;
      requestId: string;
    }
  }
}

/** The caller of a route the guard let through as `user` or `admin`. */
export function principalOf(req: Pick<Request, 'principal'>): Principal {
  if (!req.principal) throw new ApiError('unauthorized');
  return req.principal;
}
