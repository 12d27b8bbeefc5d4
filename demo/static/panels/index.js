// The demo's panels, in page order. A panel is {id, title, mount(section, {eg, server})}.
import sanitize from '/panels/sanitize.js';

export const panels = [sanitize];
