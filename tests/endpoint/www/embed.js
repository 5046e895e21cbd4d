// Stands in for www/embed/embed.js: the endpoint tests check the headers it is served with.
