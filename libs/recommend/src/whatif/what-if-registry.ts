import type { WhatIfPlugin } from './what-if-plugin';

/** The what-if plug-ins by change kind: a component adds its own by registering, the engine stays as it is. */
export class WhatIfRegistry {
  private readonly byKind = new Map<string, WhatIfPlugin>();
  private readonly all: WhatIfPlugin[] = [];

  register(plugin: WhatIfPlugin): this {
    const taken = plugin.changeKinds.find((kind) => this.byKind.has(kind));
    if (taken !== undefined) throw new RangeError(`change kind "${taken}" is already registered by ${this.byKind.get(taken)?.id}`);
    for (const kind of plugin.changeKinds) this.byKind.set(kind, plugin);
    this.all.push(plugin);
    return this;
  }

  pluginFor(kind: string): WhatIfPlugin | undefined {
    return this.byKind.get(kind);
  }

  get kinds(): readonly string[] {
    return [...this.byKind.keys()];
  }

  get plugins(): readonly WhatIfPlugin[] {
    return this.all;
  }
}
