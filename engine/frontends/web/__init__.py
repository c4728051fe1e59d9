"""The web front end (``peercoach serve``): the same dialogues, safety net and store in a browser.

Small modules, one idea each: ``app`` (the routes), ``site`` (what every page stands on: the
store, the visits, a page or a problem page, who is signed in, whose session it is), ``held`` (one request's hold on a
conversation, through the run loop's ``Run``), ``forms`` (what a turn's form says), ``visits``
and ``signing`` (signed cookies, CSRF tokens, the note carried over a redirect), ``headers``
(the Content-Security-Policy and a form's size limit), ``limits`` (sign-in tries per address),
``reach`` (tel: and sms: links for crisis resources), ``pages`` (the templates in prompts/web),
``store`` (what it asks of a store), ``config`` (what it is given).
"""
