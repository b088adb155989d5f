import type { AuthService } from '../auth/service';
import { ApiError } from '../http/api-error';
import { ADMIN_USER_ID } from '../http/principal';

/** Whether a user id names someone: the administrator or a registered user. */
export interface UserDirectory {
  exists(userId: string): Promise<boolean>;
}

/** The directory, read through the auth domain's service (its profile lookup). */
export function userDirectory(auth: AuthService): UserDirectory {
  return {
    exists: async (userId) => {
      if (userId === ADMIN_USER_ID) return true;
      try {
        await auth.profile({ userId, username: userId, isAdmin: false });
        return true;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return false;
        throw e;
      }
    },
  };
}
