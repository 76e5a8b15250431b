use super::check_structure;

// Real descriptions from the RevCent fragments

#[test]
fn real_trigger_ai_assistant() {
    check_structure(&[(
        "Trigger a specific AI Assistant using the AI Assistant ID and trigger path. Triggering an AI Assistant will generate a unique AI Thread that will run autonomously.<br><br>Note: You can only trigger an AI Assistant with a trigger setting of 'on_demand' using the API. If you do not know an AI Assistant's ID, get the list of AI Assistant's using the GetAIAssistants operation, then find the ID for the AI Assistant you wish to trigger. If you are providing a previous_thread_id do not provide the messages array. View markdown documentation at https://revcent.com/documentation/markdown/mcp/operation/TriggerAIAssistant.md for an in-depth overview of this operation.",
        "Trigger a specific AI Assistant using the AI Assistant ID and trigger path.\n\nTriggering an AI Assistant will generate a unique AI Thread that will run autonomously.\n\nNote: You can only trigger an AI Assistant with a trigger setting of 'on_demand' using the API. If you do not know an AI Assistant's ID, get the list of AI Assistant's using the GetAIAssistants operation, then find the ID for the AI Assistant you wish to trigger. If you are providing a previous_thread_id do not provide the messages array. View markdown documentation at <https://revcent.com/documentation/markdown/mcp/operation/TriggerAIAssistant.md> for an in-depth overview of this operation.",
        r#"p["Trigger a specific AI Assistant using the AI Assistant ID and trigger path."] p["Triggering an AI Assistant will generate a unique AI Thread that will run autonomously."] p["Note: You can only trigger an AI Assistant with a trigger setting of 'on_demand' using the API. If you do not know an AI Assistant's ID, get the list of AI Assistant's using the GetAIAssistants operation, then find the ID for the AI Assistant you wish to trigger. If you are providing a previous_thread_id do not provide the messages array. View markdown documentation at " <https://revcent.com/documentation/markdown/mcp/operation/TriggerAIAssistant.md> " for an in-depth overview of this operation."]"#,
    )]);
}

#[test]
fn real_voice_agent_instructions() {
    check_structure(&[(
        r#"The AI voice Agent instructions in markdown format. Agent instructions are generated for each call using the handlebars sytax, allowing for dynamic content based on the specific caller.<br><br>It is recommended to read more about creating the instructions markdown, including formatting, at <a href="https://kb.revcent.com/en/tools/ai/voice-agents#agent-instructions" target="_blank">https://kb.revcent.com/en/tools/ai/voice-agents#agent-instructions</a>.<br><br>Also, OpenAI has a section on conversation flow usage in instruction markdown at <a href="https://developers.openai.com/cookbook/examples/realtime_prompting_guide#conversation-flow" target="_blank">https://developers.openai.com/cookbook/examples/realtime_prompting_guide#conversation-flow</a>"#,
        "The AI voice Agent instructions in markdown format.\n\nAgent instructions are generated for each call using the handlebars sytax, allowing for dynamic content based on the specific caller.\n\nIt is recommended to read more about creating the instructions markdown, including formatting, at <https://kb.revcent.com/en/tools/ai/voice-agents#agent-instructions>.\n\nAlso, OpenAI has a section on conversation flow usage in instruction markdown at <https://developers.openai.com/cookbook/examples/realtime_prompting_guide#conversation-flow>",
        r#"p["The AI voice Agent instructions in markdown format."] p["Agent instructions are generated for each call using the handlebars sytax, allowing for dynamic content based on the specific caller."] p["It is recommended to read more about creating the instructions markdown, including formatting, at " <https://kb.revcent.com/en/tools/ai/voice-agents#agent-instructions> "."] p["Also, OpenAI has a section on conversation flow usage in instruction markdown at " <https://developers.openai.com/cookbook/examples/realtime_prompting_guide#conversation-flow>]"#,
    )]);
}

#[test]
fn real_filter_function() {
    check_structure(&[(
        r#"A filter function allows you to further refine whether or not the voice agent is triggered based on an account event details. ... Read more about using a filter function <a href="https://kb.revcent.com/en/tools/ai/voice-agents#filter-function" target="_blank">here</a>. To remove a filter function submit an empty string for this value."#,
        "A filter function allows you to further refine whether or not the voice agent is triggered based on an account event details. ... Read more about using a filter function [here](https://kb.revcent.com/en/tools/ai/voice-agents#filter-function). To remove a filter function submit an empty string for this value.",
        r#"p["A filter function allows you to further refine whether or not the voice agent is triggered based on an account event details. ... Read more about using a filter function " link(https://kb.revcent.com/en/tools/ai/voice-agents#filter-function)["here"] ". To remove a filter function submit an empty string for this value."]"#,
    )]);
}

#[test]
fn real_max_runs_per_item() {
    check_structure(&[(
        "The maximum number of times the agent can be triggered for the same item. Read more at https://kb.revcent.com/en/tools/ai/voice-agents#max-runs-per-item",
        "The maximum number of times the agent can be triggered for the same item.\n\nRead more at <https://kb.revcent.com/en/tools/ai/voice-agents#max-runs-per-item>",
        r#"p["The maximum number of times the agent can be triggered for the same item."] p["Read more at " <https://kb.revcent.com/en/tools/ai/voice-agents#max-runs-per-item>]"#,
    )]);
}

#[test]
fn real_search_table() {
    check_structure(&[(
        r#"Search customers by term. Searchable fields:<br><table class="table table-bordered"><thead><tr><th>Field</th><th>Description</th></tr></thead><tbody><tr><td>email</td><td>The customer's email &amp; <strong>primary</strong> contact</td></tr><tr><td>first_name</td><td>First name</td></tr></tbody></table>"#,
        "Search customers by term.\n\nSearchable fields:\n\n| Field | Description |\n| --- | --- |\n| email | The customer's email & **primary** contact |\n| first_name | First name |",
        r#"p["Search customers by term."] p["Searchable fields:"] table[head[cell["Field"] cell["Description"]] row[cell["email"] cell["The customer's email & " strong["primary"] " contact"]] row[cell["first_name"] cell["First name"]]]"#,
    )]);
}

#[test]
fn real_status_list() {
    check_structure(&[(
        "Statuses:<ul><li><strong>active</strong> - running</li><li>suspended &ndash; paused</li></ul>",
        "Statuses:\n\n- **active** - running\n- suspended – paused",
        r#"p["Statuses:"] ul[li[strong["active"] " - running"] li["suspended – paused"]]"#,
    )]);
}
