// Building the inspector's elements without innerHTML (stored headers and bodies are untrusted).
type Child = Node | string | null | undefined | false;

/** `h('td', { class: 'num' }, '42')`: an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

/**
 * A button that runs `action`, disabled while it runs; failures are shown in its title. `name`
 * tells a screen reader what it acts on ("Delete /api/orders") where the label alone does not.
 */
export function actionButton(
  label: string,
  testId: string,
  action: () => Promise<unknown>,
  name?: string,
): HTMLButtonElement {
  const attributes: Record<string, string> = { type: 'button', 'data-testid': testId };
  if (name) attributes['aria-label'] = name;
  const button = h('button', attributes, label);
  button.addEventListener('click', () => {
    button.disabled = true;
    action()
      .then(() => button.removeAttribute('title'))
      .catch((error: unknown) => button.setAttribute('title', String(error)))
      .finally(() => {
        button.disabled = false;
      });
  });
  return button;
}
