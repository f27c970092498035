/** A T1D twin of a virtual person for specs: its base subject's prior, a small ensemble, the given events applied. */
import { uvaPadovaSubjects } from '@shuji/models';
import { DEFAULT_TWIN_SETTINGS, T1dGlucoseComponent, TwinEngine, type TwinEvent, type VirtualPatient } from '@shuji/twin';

export function virtualT1dTwin(vp: Pick<VirtualPatient, 'patientId' | 'baseSubject'>, events: readonly TwinEvent[], ensembleSize = 16): TwinEngine {
  const prior = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)?.parameters ?? {};
  const twin = new TwinEngine(vp.patientId, new T1dGlucoseComponent({ prior }), { ...DEFAULT_TWIN_SETTINGS, ensembleSize });
  for (const e of events) twin.apply(e);
  return twin;
}
