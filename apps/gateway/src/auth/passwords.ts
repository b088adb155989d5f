import argon2 from 'argon2';
import { BoundedWork } from '../http/bounded-work';

/**
 * argon2id hashing with bounded concurrency: each hash takes ~64 MiB and ~150 ms of a core,
 * so a flood of logins queues here (and is refused past a bound) instead of exhausting
 * memory or starving every other request.
 */
export class PasswordHasher {
  private readonly work: BoundedWork;
  /** A real hash to verify against when the user does not exist, so timing does not reveal it. */
  private decoy: Promise<string> | undefined;

  constructor(concurrency = 2, maxQueued = 64) {
    this.work = new BoundedWork(concurrency, maxQueued);
  }

  hash(password: string): Promise<string> {
    return this.run(() => argon2.hash(password, { type: argon2.argon2id }));
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.run(() => argon2.verify(hash, password).catch(() => false));
  }

  /** Spends the same work as a real verification, and answers false. */
  async verifyNobody(password: string): Promise<false> {
    this.decoy ??= argon2.hash('decoy-password-that-never-matches', { type: argon2.argon2id });
    await this.verify(await this.decoy, password);
    return false;
  }

  private run<T>(work: () => Promise<T>): Promise<T> {
    return this.work.run(work);
  }
}
