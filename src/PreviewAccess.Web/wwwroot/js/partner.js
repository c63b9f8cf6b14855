// The enrollment form's "Add another row" and "Remove" work without this file: they are submit buttons
// that re-render the form. With it, rows are added and removed in place, and the page keeps its scroll position.
(function () {
    'use strict';

    function renumber(list) {
        var prefix = list.querySelector('[data-rows]').getAttribute('data-prefix');
        var rows = list.querySelectorAll('[data-row]');
        rows.forEach(function (row, index) {
            var name = prefix + '[' + index + ']';
            var id = name.replace(/[.\[\]]/g, '_');
            var input = row.querySelector('input');
            var label = row.querySelector('label');
            var message = row.querySelector('[data-valmsg-for]');
            var number = row.querySelector('.row-number-value');
            var hidden = row.querySelector('.row-number-hidden');
            input.name = name;
            input.id = id;
            label.htmlFor = id;
            if (number) number.textContent = String(index + 1);
            if (hidden) hidden.textContent = ' row ' + (index + 1);
            if (message) message.setAttribute('data-valmsg-for', name);
        });
    }

    function addRow(list) {
        var rows = list.querySelectorAll('[data-row]');
        var max = parseInt(list.getAttribute('data-max-rows'), 10) || 50;
        if (rows.length >= max) return;
        var copy = rows[rows.length - 1].cloneNode(true);
        var input = copy.querySelector('input');
        input.value = '';
        input.classList.remove('is-invalid');
        input.removeAttribute('autofocus');
        var message = copy.querySelector('[data-valmsg-for]');
        if (message) message.textContent = '';
        list.querySelector('[data-rows]').appendChild(copy);
        renumber(list);
        input.focus();
    }

    function removeRow(list, row) {
        var rows = list.querySelectorAll('[data-row]');
        var index = Array.prototype.indexOf.call(rows, row);
        if (rows.length === 1) {
            row.querySelector('input').value = '';
            row.querySelector('input').focus();
            return;
        }
        row.remove();
        renumber(list);
        var remaining = list.querySelectorAll('[data-row] input');
        remaining[Math.min(index, remaining.length - 1)].focus();
    }

    // After a failed submit, start where the first problem is: the error summary if there is one, else the first field in error.
    document.addEventListener('DOMContentLoaded', function () {
        if (document.querySelector('[autofocus]')) return;
        var summary = document.getElementById('error-summary');
        if (summary) {
            summary.setAttribute('tabindex', '-1');
            summary.focus();
            return;
        }
        var field = document.querySelector('.partner-area .input-validation-error, .partner-area .is-invalid');
        if (field) field.focus();
    });

    document.addEventListener('click', function (event) {
        var button = event.target.closest('[data-add-row], [data-remove-row]');
        if (!button) return;
        var list = button.closest('[data-row-list]');
        if (!list || !list.querySelector('[data-rows][data-prefix]')) return;
        event.preventDefault();
        if (button.hasAttribute('data-add-row')) addRow(list);
        else removeRow(list, button.closest('[data-row]'));
    });
})();
