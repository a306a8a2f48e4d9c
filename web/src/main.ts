/** Entry point: global tokens and backdrop, then the app element. */
import './styles/tokens.css';
import './components/kite-app.js';
