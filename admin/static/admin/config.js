// The page's settings, rendered by the server as a JSON data island (no inline script).

const island = document.getElementById("admin-config");

/** @type {Record<string, any>} */
export const config = island ? JSON.parse(island.textContent) : {};
