import type { OptimisePlugin } from './optimise-plugin';

/** The optimiser plug-ins by kind: a component adds its own by registering, the engine stays as it is. */
export class OptimiseRegistry {
  private readonly byKind = new Map<string, OptimisePlugin>();

  register(plugin: OptimisePlugin): this {
    if (this.byKind.has(plugin.kind)) throw new RangeError(`optimisation kind "${plugin.kind}" is already registered`);
    this.byKind.set(plugin.kind, plugin);
    return this;
  }

  pluginFor(kind: string): OptimisePlugin | undefined {
    return this.byKind.get(kind);
  }

  get kinds(): readonly string[] {
    return [...this.byKind.keys()];
  }
}
