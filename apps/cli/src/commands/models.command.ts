import { getModelRegistration, listModelIds } from '@shuji/models';
import type { CliIo } from '../main';
import { parseFlags } from '../parse-args.util';

/** One line per registered model: id, name, number of named subjects. */
export function modelsCommand(args: readonly string[], io: CliIo): number {
  parseFlags(args, []);
  for (const id of listModelIds()) {
    const registration = getModelRegistration(id);
    const subjects = registration.subjects?.length ?? 0;
    io.stdout(`${id}\t${registration.spec.name}${subjects > 0 ? `\t${subjects} subjects` : ''}\n`);
  }
  return 0;
}
