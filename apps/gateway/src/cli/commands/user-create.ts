import { RegisterBodySchema } from '@cyrene/contracts';
import { type Command, stringOption } from '../command';
import { cliConfig } from '../config';
import { CliError } from '../errors';
import { promptNewPassword } from '../prompt';
import { withServices } from '../runtime';

/** Registration's own field rules (and Chinese messages), without the verification code. */
export const AccountFieldsSchema = RegisterBodySchema.omit({ verify_code: true });

/** The first rule a value breaks, as `field: message`. */
export function accountProblem(error: { issues: { path: (string | number)[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid input';
}

export const userCreate: Command = {
  name: 'user:create',
  summary: 'Create a user account (the same rules and password hashing as registration)',
  description:
    'Works whether or not public registration is enabled. Without --password the password is asked\n' +
    'twice at the terminal, or read as one line from stdin when stdin is not a terminal.\n' +
    'The user signs in with the username; their user_id is user_<username>.',
  positionals: [{ name: 'username', required: true, description: '3-32 characters: letters, digits, _' }],
  options: {
    password: {
      type: 'string',
      short: 'p',
      valueName: 'password',
      description: '6-64 characters (visible in shell history: prefer the prompt)',
    },
    nickname: { type: 'string', valueName: 'name', description: 'Display name (default: the username)' },
    email: {
      type: 'string',
      valueName: 'address',
      description: 'Email address (default: <username>@localhost)',
    },
  },
  async run(input) {
    const config = cliConfig();
    const [username = ''] = input.positionals;
    const fields = {
      username,
      nickname: stringOption(input, 'nickname') ?? username,
      email: stringOption(input, 'email') ?? `${username}@localhost`,
    };
    // The fields other than the password are checked before asking for one.
    const early = AccountFieldsSchema.omit({ password: true }).safeParse(fields);
    if (!early.success) throw new CliError(accountProblem(early.error));
    const password = stringOption(input, 'password') ?? (await promptNewPassword());
    const parsed = AccountFieldsSchema.safeParse({ ...fields, password });
    if (!parsed.success) throw new CliError(accountProblem(parsed.error));
    const user = await withServices(config, (services) => services.auth.createUser(parsed.data));
    console.log(`created user ${user.username} (user_id ${user.id}, nickname ${user.nickname})`);
    return 0;
  },
};
