// A minimal W3C WebDriver client (plain HTTP): only the commands the page tests need.
// Commands of one session run one at a time (the protocol is sequential per session), through
// a queue that also switches to the window a command is for.

export class WebDriverSession {
  #queue: Promise<unknown> = Promise.resolve();
  #currentWindow: string | undefined;

  private constructor(
    private readonly base: string,
    readonly id: string,
    readonly browserVersion: string,
  ) {}

  static async create(base: string, capabilities: object): Promise<WebDriverSession> {
    const value = (await command(base, 'POST', '/session', { capabilities })) as {
      sessionId: string;
      capabilities: { browserVersion?: string };
    };
    const session = new WebDriverSession(
      base,
      value.sessionId,
      value.capabilities.browserVersion ?? '',
    );
    await session.run(undefined, 'POST', '/timeouts', { script: 60_000, pageLoad: 30_000 });
    session.#currentWindow = (await session.run(undefined, 'GET', '/window')) as string;
    return session;
  }

  /** The window the session started with. */
  get firstWindow(): string {
    return this.#currentWindow!;
  }

  /** Runs one command for `window` (switching to it first), after every command queued before it. */
  run(window: string | undefined, method: string, path: string, body?: object): Promise<unknown> {
    const next = this.#queue.then(async () => {
      if (window !== undefined && window !== this.#currentWindow) {
        await command(this.base, 'POST', `/session/${this.id}/window`, { handle: window });
        this.#currentWindow = window;
      }
      return command(this.base, method, `/session/${this.id}${path}`, body);
    });
    this.#queue = next.catch(() => {});
    return next;
  }

  async newWindow(): Promise<string> {
    const { handle } = (await this.run(undefined, 'POST', '/window/new', { type: 'tab' })) as {
      handle: string;
    };
    return handle;
  }

  async closeWindow(window: string): Promise<void> {
    await this.run(window, 'DELETE', '/window');
    this.#currentWindow = undefined;
  }

  delete(): Promise<unknown> {
    return command(this.base, 'DELETE', `/session/${this.id}`);
  }
}

/** One WebDriver HTTP command; a protocol error becomes an Error with the driver's message. */
export async function command(
  base: string,
  method: string,
  path: string,
  body?: object,
): Promise<unknown> {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? (method === 'POST' ? '{}' : undefined) : JSON.stringify(body),
    signal: AbortSignal.timeout(90_000),
  });
  const payload = (await response.json()) as { value: unknown };
  if (!response.ok) {
    const { error, message } = payload.value as { error?: string; message?: string };
    throw new Error(`WebDriver ${method} ${path}: ${error ?? response.status}: ${message ?? ''}`);
  }
  return payload.value;
}
