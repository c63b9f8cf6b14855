// Every page: the confirmation before a destructive action, and the Copy buttons.
// Without this file both still work: a form posts at once (the server's rules are the same, and the pages that need a
// reason already ask for it), and a secret is selected and copied by hand.
(function () {
    'use strict';

    // ---- Confirmation ------------------------------------------------------------------------------------------------
    // A form (or its submit button) with data-confirm="What will happen, as a question" asks in the page's one modal
    // (#confirm-modal in _Layout) before it is sent; the confirm button says the action (data-confirm-button, else the
    // submit button's own words). Where one form does several things, the question can sit on what decides it:
    //   - a checked radio button with data-confirm (a grant's "Revoke" among suspend/reinstate/revoke);
    //   - a checkbox with data-confirm-unchecked, asked when it is cleared ("Active" on a webhook endpoint).
    // data-confirm-count="selector" puts the number of matches in the form in place of {count}, and asks nothing when
    // there are none (the server answers that nothing was chosen). Native window.confirm is not used: it cannot be
    // styled or labelled, and browser automation dismisses it.
    var modalElement = document.getElementById('confirm-modal');

    function question(form, submitter) {
        var source = null;
        var text = null;
        if (submitter && submitter.hasAttribute('data-confirm')) {
            source = submitter;
            text = submitter.getAttribute('data-confirm');
        } else {
            var radio = form.querySelector('input[type=radio][data-confirm]:checked');
            var box = form.querySelector('input[type=checkbox][data-confirm-unchecked]');
            if (radio) {
                source = radio;
                text = radio.getAttribute('data-confirm');
            } else if (box && !box.checked) {
                source = box;
                text = box.getAttribute('data-confirm-unchecked');
            } else if (form.hasAttribute('data-confirm')) {
                source = form;
                text = form.getAttribute('data-confirm');
            }
        }

        if (!source || !text) return null;
        var counted = source.getAttribute('data-confirm-count');
        if (counted) {
            var count = form.querySelectorAll(counted).length;
            if (count === 0) return null;
            text = text.split('{count}').join(String(count));
        }

        var label = source.getAttribute('data-confirm-button')
            || (submitter ? (submitter.textContent || submitter.value || '').trim() : '')
            || 'Confirm';
        return { text: text, label: label };
    }

    if (modalElement && window.bootstrap) {
        var modal = window.bootstrap.Modal.getOrCreateInstance(modalElement);
        var title = modalElement.querySelector('#confirm-modal-title');
        var body = modalElement.querySelector('#confirm-modal-text');
        var accept = modalElement.querySelector('#confirm-modal-accept');
        var cancel = modalElement.querySelector('#confirm-modal-cancel');
        var pending = null;

        document.addEventListener('submit', function (event) {
            var form = event.target;
            if (!(form instanceof HTMLFormElement)) return;
            if (form.getAttribute('data-confirmed') === 'true') {
                form.removeAttribute('data-confirmed');
                return;
            }

            var submitter = event.submitter || null;
            var ask = question(form, submitter);
            if (!ask) return;
            event.preventDefault();
            pending = { form: form, submitter: submitter };
            title.textContent = ask.label;
            body.textContent = ask.text;
            accept.textContent = ask.label;
            modal.show();
        });

        accept.addEventListener('click', function () {
            var done = pending;
            if (!done) return;
            pending = null;
            modal.hide();
            // Sent as the person's own click would have sent it: with the button's name and value.
            done.form.setAttribute('data-confirmed', 'true');
            if (done.submitter) done.form.requestSubmit(done.submitter);
            else done.form.requestSubmit();
        });

        // The safer choice has the focus first: Enter or Space on arrival cancels.
        modalElement.addEventListener('shown.bs.modal', function () { cancel.focus(); });

        // Cancelled (the button, the close button, Escape): nothing is sent, and the focus goes back where it was.
        modalElement.addEventListener('hidden.bs.modal', function () {
            var done = pending;
            pending = null;
            if (!done) return;
            (done.submitter || done.form.querySelector('[type=submit]') || done.form).focus();
        });
    }

    // ---- Copy buttons ------------------------------------------------------------------------------------------------
    // <button data-copy-target="#id" hidden> copies that field's value with the clipboard API and says "Copied" (and so
    // does its status element, data-copy-status="#id", for screen readers). Hidden until this file shows it.
    document.querySelectorAll('[data-copy-target]').forEach(function (button) {
        var field = document.querySelector(button.getAttribute('data-copy-target'));
        var status = document.querySelector(button.getAttribute('data-copy-status'));
        if (!field || !navigator.clipboard) return;
        var idle = button.textContent;
        var timer = null;
        button.hidden = false;
        button.addEventListener('click', function () {
            navigator.clipboard.writeText(field.value).then(function () {
                button.textContent = 'Copied';
                button.classList.add('btn-success');
                button.classList.remove('btn-outline-secondary');
                if (status) status.textContent = 'Copied to the clipboard.';
                clearTimeout(timer);
                timer = setTimeout(function () {
                    button.textContent = idle;
                    button.classList.remove('btn-success');
                    button.classList.add('btn-outline-secondary');
                    if (status) status.textContent = '';
                }, 4000);
            }, function () {
                field.focus();
                field.select();
                if (status) status.textContent = 'Copying was not allowed: the secret is selected, press Ctrl+C (or ⌘C) to copy it.';
            });
        });
    });
})();
