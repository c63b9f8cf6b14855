// Passkeys (WebAuthn) for the forms marked data-passkey="create" (add one) or "request" (sign in with one).
// The server's options come from a POST carrying the form's antiforgery token; the browser's answer goes back in the
// form's hidden CredentialJson field, and the form is submitted as any other. No inline script: the CSP forbids it.
(function () {
    'use strict';

    var supported = typeof window.PublicKeyCredential === 'function'
        && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function'
        && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function';

    function explain(error) {
        if (error && error.name === 'NotAllowedError') return 'The passkey prompt was closed or timed out. Try again when you are ready.';
        if (error && error.name === 'InvalidStateError') return 'This device already holds a passkey for your account.';
        if (error && error.message) return error.message;
        return 'The passkey could not be used. Try again.';
    }

    document.querySelectorAll('form[data-passkey]').forEach(function (form) {
        var start = form.querySelector('[data-passkey-start]');
        var status = form.querySelector('[data-passkey-status]');
        var credentialField = form.querySelector('input[name$="CredentialJson"]');
        var creating = form.dataset.passkey === 'create';
        if (!supported) {
            start.disabled = true;
            status.textContent = 'This browser cannot use passkeys. Use a current version of Chrome, Edge, Safari or Firefox.';
            return;
        }

        start.addEventListener('click', async function () {
            start.disabled = true;
            status.textContent = 'Follow your browser\u2019s prompt\u2026';
            try {
                var token = form.querySelector('input[name="__RequestVerificationToken"]').value;
                var response = await fetch(form.dataset.passkeyOptions, {
                    method: 'POST',
                    headers: { 'RequestVerificationToken': token },
                    credentials: 'same-origin'
                });
                if (!response.ok) {
                    var problem = await response.json().catch(function () { return {}; });
                    throw new Error(problem.message || 'The portal could not start the passkey prompt. Reload the page and try again.');
                }
                var options = await response.json();
                var credential = creating
                    ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
                    : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
                credentialField.value = JSON.stringify(credential);
                status.textContent = creating ? 'Saving the passkey\u2026' : 'Signing in\u2026';
                form.submit();
            } catch (error) {
                status.textContent = explain(error);
                start.disabled = false;
            }
        });
    });
})();
