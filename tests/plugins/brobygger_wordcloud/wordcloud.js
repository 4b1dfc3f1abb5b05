// Phone widget for the word cloud: up to max_words short words, one field each.
registerWidget("wordcloud", function (def, answer, setDraft) {
  const words = (answer && answer.words) ? [...answer.words] : [];
  while (words.length < def.max_words) words.push("");
  const push = () => setDraft && setDraft({ words: words.filter((w) => w.trim()) });
  return el("div", {}, words.map((word, i) => {
    const input = el("input", { type: "text", maxlength: def.max_length, disabled: !setDraft,
      "aria-label": def.prompt + " " + (i + 1) });
    input.value = word;
    input.addEventListener("input", () => { words[i] = input.value; push(); });
    return el("label", { cls: "field" }, el("span", { text: m("phone.wordcloud_word", { n: i + 1 }) }), input);
  }));
});
