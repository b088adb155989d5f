import { type Command, stringOption } from '../command';
import { cliConfig } from '../config';
import { CliError } from '../errors';
import { promptNewPassword } from '../prompt';
import { withServices } from '../runtime';
import { AccountFieldsSchema, accountProblem } from './user-create';

export const userResetPassword: Command = {
  name: 'user:reset-password',
  summary: "Set a user's password (hashed as at registration) and sign them out everywhere",
  description:
    'Every login of theirs ends at once: their access and refresh tokens are refused from the next\n' +
    'request, on every instance. The administrator has no stored password: change ADMIN_PASSWORD.',
  positionals: [{ name: 'username', required: true, description: 'The account to change' }],
  options: {
    password: {
      type: 'string',
      short: 'p',
      valueName: 'password',
      description: '6-64 characters (visible in shell history: prefer the prompt)',
    },
  },
  async run(input) {
    const config = cliConfig();
    const [username = ''] = input.positionals;
    const password = stringOption(input, 'password') ?? (await promptNewPassword());
    const parsed = AccountFieldsSchema.shape.password.safeParse(password);
    if (!parsed.success)
      throw new CliError(
        accountProblem({ issues: parsed.error.issues.map((i) => ({ ...i, path: ['password'] })) }),
      );
    const user = await withServices(config, (services) => services.auth.resetPassword(username, parsed.data));
    console.log(`password of ${user.username} (${user.id}) changed; every login of theirs has ended`);
    return 0;
  },
};
