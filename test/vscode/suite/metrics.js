// Measurements the tests record (not assertions); index.js writes them with the results.
module.exports = { metrics: {} };
