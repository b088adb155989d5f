import type { Migration } from 'kysely';
import * as users from './001_users';
import * as chat from './002_chat';
import * as files from './003_files';
import * as knowledge from './004_knowledge';
import * as admin from './005_admin';
import * as realtime from './006_realtime';
import * as proactive from './008_proactive';
import * as notificationOrder from './009_notification_order';
import * as security from './010_security';

/**
 * Every migration, in order. There is no 007: the number was skipped when 008 was written, and
 * deployed databases record 008_proactive by name, so it is never renumbered (Kysely refuses to
 * start when an applied migration is missing; docs/architecture.md, "Migrations"). The same SQL runs on PGlite (PostgreSQL 18) and on
 * PostgreSQL 15: nothing newer than 15 may be used here.
 */
export const migrations: Record<string, Migration> = {
  '001_users': users,
  '002_chat': chat,
  '003_files': files,
  '004_knowledge': knowledge,
  '005_admin': admin,
  '006_realtime': realtime,
  '008_proactive': proactive,
  '009_notification_order': notificationOrder,
  '010_security': security,
};
