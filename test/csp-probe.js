// Loaded first by the /csp-page test page: records CSP violations and console warnings for the test.
window.violations = [];
window.warnings = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.violations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
});
const warn = console.warn.bind(console);
console.warn = (...args) => {
  window.warnings.push(args.map(String).join(' '));
  warn(...args);
};
