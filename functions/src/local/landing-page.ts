/** Until the web UI lands, `/` says where everything is rather than answering 404. */
export const landingPage = (tokens: string[]) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Termline</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem}code{background:#f2f2f2;padding:0 .25rem}</style></head>
<body><h1>Termline</h1>
<p>What contracts between companies allow, at any date.</p>
<ul>
<li><a href="/api/v1/docs">API reference</a> (<a href="/api/v1/openapi.json">OpenAPI 3.1</a>)</li>
<li>Health: <a href="/api/v1/health">/api/v1/health</a></li>
</ul>
<p>Tokens: ${tokens.map((token) => `<code>${token}</code>`).join(", ")}</p>
<p>Try: <code>curl -H "Authorization: Bearer dev-viewer" "http://localhost:3000/api/v1/entitlements?product=openai-api&amp;provider=aws&amp;at=2026-03-15"</code></p>
</body></html>`;
