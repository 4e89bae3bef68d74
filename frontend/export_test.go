package frontend

// HandlerFor serves the web app from files other than the embedded ones:
// a test's next build.
var HandlerFor = handler
