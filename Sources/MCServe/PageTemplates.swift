internal import Mustache

/// The pages' Mustache templates (`layout.mustache`, `upload.mustache`, … in this folder).
/// `{{x}}` escapes HTML; the one `{{{content}}}` is a page rendered here. Scripts come from
/// `/static/upload.js` only (the CSP allows no inline script).
enum PageTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in sources {
            if let template = try? MustacheTemplate(string: text) { library.register(template, named: name) }
        }
        return library
    }()

    /// The templates by name: the `.mustache` files beside this one, embedded at build time by
    /// Plugins/EmbedFilesPlugin (a file's last line break ends the file, not the template).
    static let sources: [String: String] = [
        "layout": template(EmbeddedFiles.layoutMustache),
        "sign-in": template(EmbeddedFiles.sign_inMustache),
        "upload": template(EmbeddedFiles.uploadMustache),
        "report": template(EmbeddedFiles.reportMustache),
        "submissions": template(EmbeddedFiles.submissionsMustache),
        "rejects": template(EmbeddedFiles.rejectsMustache),
        "completeness": template(EmbeddedFiles.completenessMustache),
        "reports": template(EmbeddedFiles.reportsMustache),
    ]

    private static func template(_ file: String) -> String {
        file.hasSuffix("\n") ? String(file.dropLast()) : file
    }

    /// A page inside the layout.
    static func render(_ name: String, title: String, values: [String: Any], account: Account?, csrf: String) -> String {
        let content = library.render(values, withTemplate: name) ?? ""
        var layout: [String: Any] = ["title": title, "content": content, "csrf": csrf]
        if let account {
            layout["signedIn"] = true
            layout["submitter"] = account.role != .analyst
            layout["analyst"] = account.role.readsReports
            layout["accountLabel"] = (account.label ?? account.role.rawValue) + (account.awardingBodies.isEmpty ? "" : " · " + account.awardingBodies.joined(separator: ", "))
        }
        return library.render(layout, withTemplate: "layout") ?? ""
    }

    /// The upload page's script: sends the file as the request body with the session's CSRF
    /// token, shows progress, then opens the validation report.
    static let uploadScript = """
    const form = document.getElementById('upload-form');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const file = document.getElementById('file').files[0];
      if (!file) return;
      const select = document.getElementById('awarding-body');
      const query = '?filename=' + encodeURIComponent(file.name) + (select ? '&awarding_body=' + encodeURIComponent(select.value) : '');
      const request = new XMLHttpRequest();
      request.open('POST', '/api/v1/submissions' + query);
      request.setRequestHeader('X-CSRF-Token', form.dataset.csrf);
      request.setRequestHeader('Content-Type', 'application/octet-stream');
      const bar = document.getElementById('progress');
      const text = document.getElementById('progress-text');
      request.upload.onprogress = (e) => {
        if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); text.textContent = bar.value + ' %'; }
      };
      request.onload = () => {
        let answer = {};
        try { answer = JSON.parse(request.responseText); } catch (e) {}
        if (request.status === 200 || request.status === 201) {
          bar.value = 100; text.textContent = 'validated';
          window.location = '/submissions/' + answer.id;
        } else {
          document.getElementById('upload-error').textContent = (answer.error && answer.error.message) || ('upload failed: ' + request.status);
        }
      };
      request.onerror = () => { document.getElementById('upload-error').textContent = 'the connection was lost; nothing was kept'; };
      request.send(file);
    });
    """
}
