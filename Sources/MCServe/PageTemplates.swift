internal import Mustache

/// The pages' Mustache templates. `{{x}}` escapes HTML; the one `{{{content}}}` is a page
/// rendered here. Scripts come from `/static/upload.js` only (the CSP allows no inline script).
enum PageTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in sources {
            if let template = try? MustacheTemplate(string: text) { library.register(template, named: name) }
        }
        return library
    }()

    static let sources: [String: String] = [
        "layout": """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · mcstat</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
        header{background:#003399;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center}
        header a{color:#fff} header form{margin-left:auto} main{padding:1.2rem;max-width:70rem}
        table{border-collapse:collapse;background:#fff} td,th{border:1px solid #ccd;padding:.3rem .6rem;text-align:left;vertical-align:top}
        .counts span{display:inline-block;margin-right:1.2rem;font-size:1.1rem} .error{color:#a00} .hint{color:#055}
        progress{width:30rem;height:1.2rem} section.reason{background:#fff;border:1px solid #ccd;margin:.8rem 0;padding:.4rem .8rem}
        </style></head><body>
        <header><strong>mcstat</strong>
        {{#signedIn}}{{#submitter}}<a href="/upload">Upload</a><a href="/submissions">Submissions</a><a href="/rejects">Rejects</a><a href="/completeness">Completeness</a>{{/submitter}}
        {{#analyst}}<a href="/reports">Reports</a>{{/analyst}}
        <span id="account">{{accountLabel}}</span>
        <form method="post" action="/sign-out"><input type="hidden" name="csrf" value="{{csrf}}"><button id="sign-out">Sign out</button></form>{{/signedIn}}
        </header><main>{{{content}}}</main></body></html>
        """,
        "sign-in": """
        <h1>Sign in</h1>
        {{#error}}<p class="error" id="error">{{error}}</p>{{/error}}
        <form method="post" action="/sign-in">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label>Token <input type="password" name="token" id="token" size="80" autocomplete="off" required></label>
        <button id="sign-in">Sign in</button></form>
        <p>Tokens are handed out by the ministry (<code>mcstat accounts add</code>).</p>
        """,
        "upload": """
        <h1>Submit an export</h1>
        <form id="upload-form" data-csrf="{{csrf}}">
        {{#choose}}<label>Awarding body <select name="awarding_body" id="awarding-body">{{#bodies}}<option>{{.}}</option>{{/bodies}}</select></label><br>{{/choose}}
        <input type="file" id="file" name="file" required>
        <button id="upload">Upload</button></form>
        <p><progress id="progress" max="100" value="0"></progress> <span id="progress-text"></span></p>
        <p class="error" id="upload-error"></p>
        <script src="/static/upload.js"></script>
        """,
        "report": """
        <h1>Validation report</h1>
        <p>File <code id="file">{{file}}</code> for {{awardingBody}}, received {{receivedAt}}, SHA-256 <code>{{sha256}}</code></p>
        <p class="counts" id="counts"><span id="read">{{read}} read</span><span id="accepted">{{accepted}} accepted</span><span id="rejected">{{rejected}} rejected</span><span id="warnings">{{warnings}} warnings</span></p>
        {{^reasons}}<p>No issues: every record passes the rules.</p>{{/reasons}}
        {{#reasons}}<section class="reason" id="reason-{{code}}"><h2>{{code}} <small>({{severity}}, {{count}})</small></h2>
        <table><tr><th>Line</th><th>Element</th><th>Value</th><th>What is wrong</th><th>How to fix it</th></tr>
        {{#shown}}<tr><td>{{line}}</td><td>{{element}}</td><td>{{value}}</td><td>{{message}}</td><td class="hint">{{hint}}</td></tr>{{/shown}}</table>
        {{#more}}<p>… and {{more}} more</p>{{/more}}</section>{{/reasons}}
        {{#fullReport}}<p><a id="full-report" href="{{fullReport}}">The full validation report (JSON, every issue)</a></p>{{/fullReport}}
        <p><a href="/upload">Submit another file</a> · <a href="/submissions">All submissions</a></p>
        """,
        "submissions": """
        <h1>Submissions</h1>
        <table id="submissions"><tr><th>Received</th><th>Awarding body</th><th>File</th><th>Read</th><th>Accepted</th><th>Rejected</th><th>Warnings</th></tr>
        {{#submissions}}<tr><td><a href="/submissions/{{id}}">{{receivedAt}}</a></td><td>{{awardingBody}}</td><td>{{file}}</td><td>{{read}}</td><td>{{accepted}}</td><td>{{rejected}}</td><td>{{warnings}}</td></tr>{{/submissions}}
        </table>{{^submissions}}<p>Nothing submitted yet.</p>{{/submissions}}
        """,
        "rejects": """
        <h1>Rejected records after the nightly run</h1>
        <table id="rejects"><tr><th>File</th><th>Record</th><th>Line</th><th>Credential</th><th>Reason</th><th>Element</th><th>What is wrong</th></tr>
        {{#rejects}}<tr><td>{{file}}</td><td>{{record}}</td><td>{{line}}</td><td>{{credentialId}}</td><td>{{reasonCode}}</td><td>{{element}}</td><td>{{message}}</td></tr>{{/rejects}}
        </table>{{^rejects}}<p>No rejected records.</p>{{/rejects}}
        """,
        "completeness": """
        <h1>Completeness of {{#all}}institution exports{{/all}}{{^all}}your exports{{/all}}</h1>
        <p>Records received, accepted and rejected (by reason), and the share of accepted records carrying each optional Annex I element, {{#all}}per awarding body{{/all}}{{^all}}for your awarding body{{/all}}, as the store holds them now.
        {{#all}}It names institutions, not learners, and is the ministry's feedback to each institution: it is not in the public report set.{{/all}}</p>
        <p>{{#links}}<a class="download" href="{{href}}">{{format}}</a> {{/links}}</p>
        <table id="completeness"><tr>{{#columns}}<th>{{.}}</th>{{/columns}}</tr>
        {{#rows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/rows}}</table>
        {{^rows}}<p>Nothing imported yet: the nightly run imports what arrived.</p>{{/rows}}
        """,
        "reports": """
        <h1>Report catalogue</h1>
        {{#hasIndex}}<p><a id="index" href="/reports/files/index.html">The reports of the last run (index.html)</a></p>{{/hasIndex}}
        <p><a id="completeness" href="/reports/completeness">Completeness of institution exports</a> (every awarding body, from the store now; not in the public set)</p>
        <table id="files"><tr><th>File</th><th>Bytes</th></tr>{{#files}}<tr><td><a href="/reports/files/{{name}}">{{name}}</a></td><td>{{bytes}}</td></tr>{{/files}}</table>
        {{^files}}<p>No reports yet: the nightly run writes them.</p>{{/files}}
        <h2>Runs</h2>
        <table id="runs"><tr><th>Run</th><th>Pipeline</th><th>Started</th><th>Finished</th><th>Outcome</th></tr>
        {{#runs}}<tr><td>{{id}}</td><td>{{pipeline}}</td><td>{{startedAt}}</td><td>{{finishedAt}}</td><td>{{outcome}}</td></tr>{{/runs}}</table>
        """,
    ]

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
